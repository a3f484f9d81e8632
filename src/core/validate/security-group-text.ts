/**
 * Security-group names and descriptions (aws-semantics.md §3.1, §4.17, fact 6): at most 255 characters from
 * `a-z A-Z 0-9`, space and `._-:/()#,@[]+=&;{}!$*`; trailing spaces are trimmed; a name may not start with `sg-`
 * (EC2's observed message) and may not be `default` (InvalidGroup.Reserved). Messages for a bad character or length
 * are UNCONFIRMED and follow EC2's "Value (…) for parameter … is invalid." pattern.
 * Rule descriptions (§3.8) use the same alphabet; `&` is documented for CIDR rules only and accepted everywhere here.
 */
import { ec2Error } from '../errors/ec2-error.ts';

export const MAX_GROUP_TEXT = 255;
const GROUP_TEXT = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;

function checkText(value: string, parameter: string): void {
  if (value.length > MAX_GROUP_TEXT) {
    throw ec2Error('InvalidParameterValue', `Value (${value}) for parameter ${parameter} is invalid. Length exceeds maximum of ${MAX_GROUP_TEXT} characters.`);
  }
  if (!GROUP_TEXT.test(value)) {
    throw ec2Error('InvalidParameterValue', `Value (${value}) for parameter ${parameter} is invalid. Character sets beyond ASCII are not supported.`);
  }
}

/** The stored name: trimmed of trailing spaces and checked. */
export function validateGroupName(raw: string): string {
  const name = raw.replace(/ +$/, '');
  if (name.length === 0) throw ec2Error('InvalidParameterValue', 'Value () for parameter GroupName is invalid. The value cannot be empty');
  checkText(name, 'GroupName');
  if (name.toLowerCase().startsWith('sg-')) {
    throw ec2Error('InvalidParameterValue', `Value (${name}) for parameter GroupName is invalid. Group names may not be in the format sg-*.`);
  }
  if (name === 'default') throw ec2Error('InvalidGroup.Reserved');
  return name;
}

export function validateGroupDescription(raw: string): string {
  const description = raw.replace(/ +$/, '');
  if (description.length === 0) throw ec2Error('InvalidParameterValue', 'Value () for parameter GroupDescription is invalid. The value cannot be empty');
  checkText(description, 'GroupDescription');
  return description;
}

export function validateRuleDescription(description: string | undefined): string | undefined {
  if (description === undefined || description === '') return undefined;
  checkText(description, 'description');
  return description;
}
