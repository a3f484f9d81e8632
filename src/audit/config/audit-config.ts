/**
 * The auditor's tunables with the catalogue's defaults (audit-checks.md §8): which ports are administrative,
 * which are high-risk (Security Hub EC2.19 plus the per-service ports Prowler checks), which are authorised to be
 * open to the world (EC2.18: 80 and 443), and the size thresholds.
 */
export interface ServicePort {
  readonly port: number;
  /** Protocol numbers the service listens on (6 tcp, 17 udp). */
  readonly protocols: readonly number[];
  readonly service: string;
  readonly category: 'admin' | 'db' | 'cache' | 'search' | 'mail' | 'file-sharing' | 'dev-server' | 'messaging' | 'legacy';
}

const TCP = [6];
const TCP_UDP = [6, 17];

/** Remote administration (CIS 5.2/6.3: "22, 3389, or other remote server administration ports"); tcp and udp. */
export const DEFAULT_ADMIN_PORTS: readonly ServicePort[] = [
  { port: 22, protocols: TCP_UDP, service: 'SSH', category: 'admin' },
  { port: 3389, protocols: TCP_UDP, service: 'RDP', category: 'admin' },
];

/** EC2.19's list (audit-checks.md §2.1) without the admin ports, plus the service ports of Prowler's per-service checks. */
export const DEFAULT_HIGH_RISK_PORTS: readonly ServicePort[] = [
  { port: 20, protocols: TCP, service: 'FTP data', category: 'file-sharing' },
  { port: 21, protocols: TCP, service: 'FTP', category: 'file-sharing' },
  { port: 23, protocols: TCP, service: 'Telnet', category: 'legacy' },
  { port: 25, protocols: TCP, service: 'SMTP', category: 'mail' },
  { port: 110, protocols: TCP, service: 'POP3', category: 'mail' },
  { port: 135, protocols: TCP, service: 'MS RPC', category: 'file-sharing' },
  { port: 137, protocols: [17], service: 'NetBIOS name', category: 'file-sharing' },
  { port: 138, protocols: [17], service: 'NetBIOS datagram', category: 'file-sharing' },
  { port: 139, protocols: TCP, service: 'NetBIOS session (CIFS)', category: 'file-sharing' },
  { port: 143, protocols: TCP, service: 'IMAP', category: 'mail' },
  { port: 445, protocols: TCP, service: 'SMB/CIFS', category: 'file-sharing' },
  { port: 1433, protocols: TCP, service: 'Microsoft SQL Server', category: 'db' },
  { port: 1434, protocols: TCP_UDP, service: 'Microsoft SQL Server browser', category: 'db' },
  { port: 1521, protocols: TCP, service: 'Oracle', category: 'db' },
  { port: 2049, protocols: TCP_UDP, service: 'NFS', category: 'file-sharing' },
  { port: 2483, protocols: TCP, service: 'Oracle', category: 'db' },
  { port: 2484, protocols: TCP, service: 'Oracle (TLS)', category: 'db' },
  { port: 3000, protocols: TCP, service: 'Go/Node.js/Ruby dev server', category: 'dev-server' },
  { port: 3306, protocols: TCP, service: 'MySQL', category: 'db' },
  { port: 4333, protocols: TCP, service: 'ahsp (mSQL)', category: 'db' },
  { port: 5000, protocols: TCP, service: 'Python dev server', category: 'dev-server' },
  { port: 5432, protocols: TCP, service: 'PostgreSQL', category: 'db' },
  { port: 5500, protocols: TCP, service: 'fcp-addr-srvr1', category: 'legacy' },
  { port: 5601, protocols: TCP, service: 'OpenSearch Dashboards/Kibana', category: 'search' },
  { port: 6379, protocols: TCP, service: 'Redis', category: 'cache' },
  { port: 7199, protocols: TCP, service: 'Cassandra JMX', category: 'db' },
  { port: 8080, protocols: TCP, service: 'HTTP proxy', category: 'dev-server' },
  { port: 8088, protocols: TCP, service: 'legacy HTTP', category: 'dev-server' },
  { port: 8888, protocols: TCP, service: 'alternative HTTP / Cassandra', category: 'dev-server' },
  { port: 9042, protocols: TCP, service: 'Cassandra CQL', category: 'db' },
  { port: 9092, protocols: TCP, service: 'Kafka', category: 'messaging' },
  { port: 9160, protocols: TCP, service: 'Cassandra Thrift', category: 'db' },
  { port: 9200, protocols: TCP, service: 'OpenSearch/Elasticsearch', category: 'search' },
  { port: 9300, protocols: TCP, service: 'OpenSearch/Elasticsearch transport', category: 'search' },
  { port: 11211, protocols: TCP_UDP, service: 'Memcached', category: 'cache' },
  { port: 27017, protocols: TCP, service: 'MongoDB', category: 'db' },
  { port: 27018, protocols: TCP, service: 'MongoDB', category: 'db' },
];

export interface AuditConfig {
  readonly adminPorts: readonly ServicePort[];
  readonly highRiskPorts: readonly ServicePort[];
  /** EC2.18 `authorizedTcpPorts` / `authorizedUdpPorts`: world-open ports that are accepted (ranges inclusive). */
  readonly authorizedTcpPorts: readonly (readonly [number, number])[];
  readonly authorizedUdpPorts: readonly (readonly [number, number])[];
  /** SG-007: public sources shorter than these prefixes are over-broad. */
  readonly broadPublicPrefixV4: number;
  readonly broadPublicPrefixV6: number;
  /** SG-008: private sources at least this wide (prefix ≤ N) on sensitive ports. */
  readonly widePrivatePrefixV4: number;
  readonly widePrivatePrefixV6: number;
  /** SG-009: tcp/udp ranges wider than this many ports. */
  readonly maxPortRangeWidth: number;
  /** SG-017: rules per direction and address family (EC2's quota is 60). */
  readonly maxRulesPerDirection: number;
  /** SG-006: named CIDR allowlist (partners, offices) that is not reported. */
  readonly trustedCidrs: readonly string[];
}

export const DEFAULT_AUDIT_CONFIG: AuditConfig = {
  adminPorts: DEFAULT_ADMIN_PORTS,
  highRiskPorts: DEFAULT_HIGH_RISK_PORTS,
  authorizedTcpPorts: [
    [80, 80],
    [443, 443],
  ],
  authorizedUdpPorts: [],
  broadPublicPrefixV4: 24,
  broadPublicPrefixV6: 48,
  widePrivatePrefixV4: 16,
  widePrivatePrefixV6: 48,
  maxPortRangeWidth: 1,
  maxRulesPerDirection: 50,
  trustedCidrs: [],
};
