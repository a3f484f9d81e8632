/**
 * The EC2 error document (aws-semantics.md §1.3, fact 2). Note `RequestID` with a capital "ID", unlike the success
 * envelope's `requestId`: botocore special-cases it.
 */
import { escapeXml } from './encode-xml.ts';

export function encodeError(code: string, message: string, requestId: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors>` +
    `<RequestID>${escapeXml(requestId)}</RequestID></Response>`
  );
}
