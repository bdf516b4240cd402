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
  busy: {
    title: 'Busy checking passwords',
    meaning:
      'The server is checking as many passwords as it will at once. Wait a moment (see Retry-After) and try again.',
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
  code_space_exhausted: {
    title: 'No free short code',
    meaning: 'Several freshly drawn short codes were all taken. This is very unlikely; try again.',
  },
  confirmation_required: {
    title: 'Confirmation required',
    meaning:
      'The change affects other records (e.g. shifts of a person being removed). Send it again with the confirmation the message asks for.',
  },
  csrf_invalid: {
    title: 'Form expired',
    meaning:
      'The form was sent without a valid anti-forgery token, usually because the page was open for a long time. Reload the page and send it again.',
  },
  date_or_event_required: {
    title: 'Date or event required',
    meaning: 'A tally of hand-outs needs the day it happened or the event it belongs to.',
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
  file_too_large: {
    title: 'File too large',
    meaning: 'The uploaded file is larger than allowed (images 8 MB, PDFs 25 MB).',
  },
  forbidden: {
    title: 'Not allowed',
    meaning: 'You are signed in, but your role does not allow this action.',
  },
  forbidden_event: {
    title: 'Not your event',
    meaning: 'The event named in the request is one you do not manage.',
  },
  import_invalid: {
    title: 'Import has problems',
    meaning:
      'The CSV file has problems; "errors" lists each by line and column. Nothing was imported.',
  },
  import_too_large: {
    title: 'Import too large',
    meaning:
      'The CSV file has more lines or bytes than one import takes. Split it into several files.',
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
  invalid_image: {
    title: 'Image not readable',
    meaning: 'The uploaded image could not be decoded.',
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
  kit_not_found: {
    title: 'Kit not found',
    meaning: 'No kit has this serial, code or id.',
  },
  kit_required: {
    title: 'Kit required',
    meaning:
      'A hand-out needs a kit: scan or type its code, or choose a kit type to take one from stock.',
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
  no_kits: {
    title: 'No kits',
    meaning: 'No kits match the selection; make kits first.',
  },
  no_postcards: {
    title: 'No postcards',
    meaning: 'No postcards match the selection.',
  },
  not_found: {
    title: 'Not found',
    meaning: 'The record asked for does not exist (or was removed).',
  },
  not_on_shift: {
    title: 'Not on this shift',
    meaning: 'You are not assigned to the shift you tried to give back.',
  },
  not_on_team: {
    title: 'Not on the stand team',
    meaning: 'Only people on the stand’s team can be put on or take its shifts.',
  },
  not_this_table: {
    title: 'Not from this table',
    meaning: 'The summary names quotes or photos captured at another table.',
  },
  note_not_found: {
    title: 'Note not found',
    meaning: 'The note does not exist at this table.',
  },
  nothing_selected: {
    title: 'Nothing selected',
    meaning: 'Select at least one item before pressing the button.',
  },
  organisation_not_found: {
    title: 'Organisation not found',
    meaning: 'An organisation named in the request does not exist.',
  },
  outcome_not_found: {
    title: 'Key outcome not found',
    meaning: 'The key outcome does not exist in this session.',
  },
  payload_too_large: {
    title: 'Too much data',
    meaning: 'The request body is larger than this address accepts.',
  },
  photo_not_an_image: {
    title: 'Photo not an image',
    meaning: 'The photo must be a JPEG or PNG image.',
  },
  photo_too_large: {
    title: 'Photo too large',
    meaning: 'The photo is larger than the upload limit.',
  },
  played_in_future: {
    title: 'Play date in the future',
    meaning: 'A play report’s date cannot be after today.',
  },
  print_layout_invalid: {
    title: 'Print layout invalid',
    meaning: 'A print layout in templates/print does not follow the layout format.',
  },
  project_not_found: {
    title: 'Project not found',
    meaning: 'A project named in the request does not exist.',
  },
  qr_busy: {
    title: 'Busy drawing QR images',
    meaning:
      'Too many QR images are being drawn at once. Wait a moment (see Retry-After) and try again.',
  },
  rate_limited: {
    title: 'Too many attempts',
    meaning: 'Too many requests of this kind came in a short time; wait a little and try again.',
  },
  report_not_published: {
    title: 'Report not published',
    meaning: 'The session’s outcome report has not been published yet.',
  },
  route_not_found: {
    title: 'No such address',
    meaning: 'Nothing answers at this address.',
  },
  shift_started: {
    title: 'Shift has started',
    meaning:
      'A shift that has started cannot be given back from the staff page; ask the comms team.',
  },
  still_referenced: {
    title: 'Still referred to',
    meaning:
      'Other records still refer to the one you are deleting; the answer lists them (`references`: kind, count, a label and a link). Change or remove those first. Printed QR codes are never a reason: they lead to a placeholder page instead.',
  },
  summary_empty: {
    title: 'Summary empty',
    meaning: 'Write the summary before submitting it.',
  },
  target_type_unavailable: {
    title: 'Target not available',
    meaning: 'QR codes cannot lead to this kind of thing in this installation.',
  },
  unauthenticated: {
    title: 'Sign in needed',
    meaning: 'This needs a signed-in session or an API token.',
  },
  unsupported_image: {
    title: 'Image body expected',
    meaning: 'Send the image bytes as the request body, or a multipart form with a photo field.',
  },
  unsupported_media_type: {
    title: 'Unsupported file type',
    meaning:
      'The file is not of a type this upload accepts (images: JPEG, PNG or WebP; documents: PDF). SVG is refused.',
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
