/**
 * What each problem `code` means, for the page at /problems/<code> that a problem's
 * `type` points at. A code not listed here is answered with `type: about:blank`
 * (RFC 9457 §4.2.1): the code still says what went wrong, there is just no page.
 */
export const PROBLEM_TYPES: Readonly<Record<string, { title: string; meaning: string }>> = {
  already_active: {
    title: 'Already active',
    meaning: 'The account has already set its password, so there is no invitation to send again.',
  },
  attachments_too_large: {
    title: 'Attachments too large',
    meaning: 'The attachments of an e-mail together exceed the size the outbox accepts.',
  },
  capability_expired: {
    title: 'Link expired',
    meaning: 'The capability link was valid once but its time is over. Ask for a new one.',
  },
  capability_invalid: {
    title: 'Link not valid',
    meaning: 'The capability key is unknown or incomplete: check that the whole link was copied.',
  },
  capability_required: {
    title: 'Link required',
    meaning: 'This page is opened with the capability link you were given, not with an account.',
  },
  capability_revoked: {
    title: 'Link revoked',
    meaning: 'The capability link was withdrawn by an organiser. Ask for a new one.',
  },
  cluster_not_found: {
    title: 'Cluster not found',
    meaning: 'A cluster named in the request does not exist.',
  },
  csrf_invalid: {
    title: 'Form expired',
    meaning:
      'The form was sent without a valid anti-forgery token, usually because the page was open for a long time. Reload the page and send it again.',
  },
  duplicate: {
    title: 'Already exists',
    meaning:
      'Something with the same unique values already exists; "fields" names them. A retried request often causes this.',
  },
  email_taken: {
    title: 'E-mail address taken',
    meaning: 'Another account already uses this e-mail address.',
  },
  forbidden: {
    title: 'Not allowed',
    meaning: 'You are signed in, but your role does not allow this action.',
  },
  in_use: {
    title: 'Still in use',
    meaning: 'The record is referred to by others and cannot be removed before they are.',
  },
  internal_error: {
    title: 'Internal error',
    meaning: 'Something failed on the server. Nothing you sent is the cause; try again later.',
  },
  invalid_credentials: {
    title: 'Wrong e-mail address or password',
    meaning: 'The e-mail address and password do not match an account.',
  },
  invalid_json: {
    title: 'Body is not JSON',
    meaning: 'The request body could not be read as JSON.',
  },
  invalid_qr_code: {
    title: 'Invalid QR code',
    meaning: 'The QR code name holds characters it may not, or is too long.',
  },
  invalid_token: {
    title: 'Invalid token',
    meaning: 'The API token is unknown, revoked or expired.',
  },
  last_admin: {
    title: 'Last admin',
    meaning: 'This change would leave no administrator; make someone else admin first.',
  },
  link_invalid: {
    title: 'Link no longer valid',
    meaning:
      'The set-password link was already used, has expired or is incomplete. Ask for a new one.',
  },
  mail_file_not_found: {
    title: 'Mail file not found',
    meaning: 'No local mail file has that name.',
  },
  mail_template_error: {
    title: 'Mail template error',
    meaning: 'An e-mail template could not be rendered with the data given.',
  },
  method_not_allowed: {
    title: 'Method not allowed',
    meaning:
      'The address exists but not for this HTTP method; the Allow header lists those it takes.',
  },
  not_found: {
    title: 'Not found',
    meaning: 'The record asked for does not exist (or was removed).',
  },
  organisation_not_found: {
    title: 'Organisation not found',
    meaning: 'An organisation named in the request does not exist.',
  },
  payload_too_large: {
    title: 'Too much data',
    meaning: 'The request body is larger than this address accepts.',
  },
  print_layout_invalid: {
    title: 'Print layout invalid',
    meaning: 'A print layout in templates/print does not follow the layout format.',
  },
  project_not_found: {
    title: 'Project not found',
    meaning: 'A project named in the request does not exist.',
  },
  rate_limited: {
    title: 'Too many attempts',
    meaning: 'Too many requests of this kind came in a short time; wait a little and try again.',
  },
  route_not_found: {
    title: 'No such address',
    meaning: 'Nothing answers at this address.',
  },
  unauthenticated: {
    title: 'Sign in needed',
    meaning: 'This needs a signed-in session or an API token.',
  },
  validation_failed: {
    title: 'Invalid data',
    meaning:
      'Some fields of the request are missing, of the wrong type or out of range; "errors" lists each with its path and a message.',
  },
};

/** The path of the page that explains a problem code. */
export const problemTypePath = (code: string) => `/problems/${code}`;

/** A problem's `type`: the page under the app that explains the code, or about:blank. */
export function problemType(code: string): string {
  return Object.hasOwn(PROBLEM_TYPES, code) ? problemTypePath(code) : 'about:blank';
}
