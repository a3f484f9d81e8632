/**
 * Launch template names (M `LaunchTemplateName`): 3–128 characters of `[a-zA-Z0-9().\-/_]`, else
 * InvalidLaunchTemplateName.MalformedException (ERR). Unique in the account and region, compared exactly
 * (case-sensitivity UNCONFIRMED).
 */
import { ec2Error } from '../../core/errors/ec2-error.ts';

const NAME = /^[a-zA-Z0-9().\-/_]{3,128}$/;

export function validateTemplateName(name: string): string {
  if (!NAME.test(name)) throw ec2Error('InvalidLaunchTemplateName.MalformedException', name);
  return name;
}
