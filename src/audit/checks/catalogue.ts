/**
 * The check catalogue, in catalogue order (audit-checks.md §8). The order breaks ties in de-duplication and sorts
 * reports; docs/audit.md lists the same checks.
 */
import type { Check } from '../model/check.ts';
import { SG_001 } from './sg-001-admin-ports-ipv4-world.ts';
import { SG_002 } from './sg-002-admin-ports-ipv6-world.ts';
import { SG_003 } from './sg-003-all-traffic-world.ts';
import { SG_004 } from './sg-004-high-risk-port-world.ts';
import { SG_005 } from './sg-005-unauthorised-world-port.ts';
import { SG_006 } from './sg-006-specific-public-source.ts';
import { SG_007 } from './sg-007-broad-public-source.ts';
import { SG_008 } from './sg-008-wide-private-source.ts';
import { SG_009 } from './sg-009-wide-port-range.ts';
import { SG_010 } from './sg-010-icmp-world.ts';
import { SG_011 } from './sg-011-unrestricted-egress.ts';
import { SG_012 } from './sg-012-implicit-egress-cfn.ts';
import { SG_013 } from './sg-013-default-group-has-rules.ts';
import { SG_014 } from './sg-014-default-group-in-use.ts';
import { SG_015 } from './sg-015-unused-group.ts';
import { SG_016 } from './sg-016-missing-description.ts';
import { SG_017 } from './sg-017-rule-count.ts';
import { SG_018 } from './sg-018-launch-wizard-group.ts';
import { SG_019 } from './sg-019-self-reference-all-ports.ts';
import { SG_020 } from './sg-020-prefix-list-world.ts';
import { SG_021 } from './sg-021-stale-group-reference.ts';
import { SG_022 } from './sg-022-cross-account-reference.ts';
import { SG_023 } from './sg-023-shadowed-rule.ts';
import { SG_024 } from './sg-024-reference-cycle.ts';
import { SG_025 } from './sg-025-rule-unused-by-flows.ts';
import { NACL_001 } from './nacl-001-admin-ports-world.ts';
import { NACL_002 } from './nacl-002-all-traffic-world.ts';
import { NACL_003 } from './nacl-003-unused-acl.ts';
import { NACL_004 } from './nacl-004-shadowed-entry.ts';
import { NACL_005 } from './nacl-005-duplicate-rule-number.ts';
import { NACL_006 } from './nacl-006-return-path.ts';
import { RCH_001 } from './rch-001-internet-reachable-admin-port.ts';
import { RCH_002 } from './rch-002-world-open-unreachable.ts';
import { RCH_003 } from './rch-003-rule-neutralised-by-nacl.ts';
import { RCH_004 } from './rch-004-broad-peering-route.ts';

export const CATALOGUE: readonly Check[] = [
  SG_001, SG_002, SG_003, SG_004, SG_005, SG_006, SG_007, SG_008, SG_009, SG_010,
  SG_011, SG_012, SG_013, SG_014, SG_015, SG_016, SG_017, SG_018, SG_019, SG_020,
  SG_021, SG_022, SG_023, SG_024, SG_025,
  NACL_001, NACL_002, NACL_003, NACL_004, NACL_005, NACL_006,
  RCH_001, RCH_002, RCH_003, RCH_004,
];
