/**
 * The one error type of Rampart's EC2 semantics: it carries the EC2 code, its message and its HTTP status.
 * Throw sites name a code from the catalogue and pass that code's message arguments, checked at compile time:
 * `throw ec2Error('InvalidGroup.NotFound', 'sg-123')`.
 */
import { EC2_ERRORS, wireCode, type Ec2ErrorCode } from './codes.ts';

type MessageArgs<C extends Ec2ErrorCode> = Parameters<(typeof EC2_ERRORS)[C]['message']>;

export class Ec2Error extends Error {
  readonly code: Ec2ErrorCode;

  constructor(code: Ec2ErrorCode, message: string) {
    super(message);
    this.name = 'Ec2Error';
    this.code = code;
  }

  /** HTTP status EC2 answers with for this code (aws-semantics.md §1.3). */
  get status(): number {
    return EC2_ERRORS[this.code].status;
  }

  /** The code as it appears in `<Code>` on the wire. */
  get wireCode(): string {
    return wireCode(this.code);
  }

  get fault(): 'client' | 'server' {
    return this.status >= 500 ? 'server' : 'client';
  }
}

export function ec2Error<C extends Ec2ErrorCode>(code: C, ...args: MessageArgs<C>): Ec2Error {
  const template = EC2_ERRORS[code].message as (...a: MessageArgs<C>) => string;
  return new Ec2Error(code, template(...args));
}

export function isEc2Error(e: unknown): e is Ec2Error {
  return e instanceof Ec2Error;
}
