/**
 * What a form is made of. An organiser form is described as a list of fields; one
 * partial (templates/pages/partials/form-field.hbs) draws any of them with its label,
 * hint and error tied to the control, and the parsed body comes back as typed values.
 */
export type FieldType =
  | 'text'
  | 'email'
  /** Never drawn with a value, not even after a refusal. */
  | 'password'
  | 'url'
  | 'number'
  | 'date'
  | 'time'
  /** Wall-clock time in a zone (`timeZone` on the spec); see `instantIn`/`localInput`. */
  | 'datetime-local'
  | 'textarea'
  | 'select'
  | 'checkbox'
  /** Several of the options at once (a checkbox per option). */
  | 'checkboxes'
  /** One select per option (e.g. a city's role in each project). */
  | 'roles'
  /** An upload; never refilled (browsers do not allow it), read from the multipart parts. */
  | 'file';

export type Choice = { value: string; label: string };

export type FieldSpec = {
  name: string;
  label: string;
  type?: FieldType;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  autocomplete?: string;
  /** number: bounds and step as the browser should offer them. */
  min?: number;
  max?: number;
  step?: number | 'any';
  /** file: the media types the picker offers. */
  accept?: string;
  /** datetime-local: the zone its wall-clock value is read in (shown as the hint's suffix). */
  timeZone?: string;
  /** select and checkboxes: the choices; roles: the items that each get a select. */
  options?: Choice[];
  /** roles: the choices of each item's select (an empty value means "none"). */
  roleOptions?: Choice[];
  /** select: a first option with an empty value ("Not tied to one country"). */
  emptyOption?: string;
};

/** Form values as typed: text as strings, a checkbox as a boolean, groups as lists/maps. */
export type FormValues = Record<string, string | boolean | string[] | Record<string, string>>;

/** A problem at one field (`field` is a field name) or with the whole form (`field` ''). */
export type FormProblem = { field: string; message: string };

export const typeOf = (spec: FieldSpec): FieldType => spec.type ?? 'text';
