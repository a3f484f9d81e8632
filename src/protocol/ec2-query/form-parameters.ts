/**
 * The parameters of an EC2 Query request: the query string's, then the form body's (the body wins on a repeated name),
 * decoded as application/x-www-form-urlencoded.
 *
 * Most of what the AWS clients send needs no decoding at all (ids, numbers, the API version: no `%`, no `+`), and
 * such a form is split here directly, with URLSearchParams's rules (empty pairs skipped, a name without `=` has the
 * empty value): a third of the cost of URLSearchParams on every request (bench/.data pipeline runs). Anything that
 * needs decoding, or starts with `?` (which URLSearchParams drops), goes through URLSearchParams, the WHATWG decoder.
 */
export function requestParameters(url: string, body: string): Map<string, string> {
  const params = new Map<string, string>();
  const q = url.indexOf('?');
  if (q >= 0) addForm(params, url.slice(q + 1));
  if (body) addForm(params, body);
  return params;
}

function addForm(params: Map<string, string>, form: string): void {
  if (form.includes('%') || form.includes('+') || form.startsWith('?')) {
    for (const [k, v] of new URLSearchParams(form)) params.set(k, v);
    return;
  }
  let start = 0;
  while (start < form.length) {
    let end = form.indexOf('&', start);
    if (end < 0) end = form.length;
    if (end > start) {
      const eq = form.indexOf('=', start);
      if (eq < 0 || eq > end) params.set(form.slice(start, end), '');
      else params.set(form.slice(start, eq), form.slice(eq + 1, end));
    }
    start = end + 1;
  }
}
