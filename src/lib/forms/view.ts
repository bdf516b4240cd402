import { typeOf, type FieldSpec, type FormProblem, type FormValues } from './fields';
import { roles } from './values';

const INPUT_TYPES = new Set([
  'text',
  'email',
  'password',
  'url',
  'number',
  'date',
  'time',
  'datetime-local',
]);

/** What the form-field partial draws for each spec: value kept, error and hint tied to it. */
export function fieldViews(specs: FieldSpec[], values: FormValues, problems: FormProblem[]) {
  return specs.map((spec) => {
    const type = typeOf(spec);
    const id = `field-${spec.name}`;
    const error = problems.find((p) => p.field === spec.name)?.message;
    const hint =
      type === 'datetime-local' && spec.timeZone
        ? [spec.hint, `Time in ${spec.timeZone}.`].filter(Boolean).join(' ')
        : spec.hint;
    const hintId = hint ? `${id}-hint` : undefined;
    const errorId = error ? `${id}-error` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
    const current = values[spec.name];
    const chosen = Array.isArray(current) ? current : [];
    const chosenRoles = roles(values, spec.name);
    return {
      ...spec,
      hint,
      id,
      hintId,
      errorId,
      error,
      describedBy,
      value: type !== 'file' && type !== 'password' && typeof current === 'string' ? current : '',
      checked: current === true,
      is: {
        input: INPUT_TYPES.has(type) || type === 'file',
        textarea: type === 'textarea',
        select: type === 'select',
        checkbox: type === 'checkbox',
        checkboxes: type === 'checkboxes',
        roles: type === 'roles',
        file: type === 'file',
      },
      inputType: type,
      options: (spec.options ?? []).map((option, index) => ({
        ...option,
        id: `${id}-${index}`,
        selected: option.value === current,
        checked: chosen.includes(option.value),
        roleOptions: (spec.roleOptions ?? []).map((role) => ({
          ...role,
          selected: (chosenRoles[option.value] ?? '') === role.value,
        })),
      })),
    };
  });
}

/** The error summary at the top of a form: each entry links to its field. */
export function errorSummary(specs: FieldSpec[], problems: FormProblem[]) {
  return problems.map((p) => {
    const spec = specs.find((s) => s.name === p.field);
    const type = spec && typeOf(spec);
    const target = type === 'checkboxes' || type === 'roles' ? '-0' : '';
    return spec
      ? { href: `#field-${spec.name}${target}`, label: spec.label, message: p.message }
      : { message: p.message };
  });
}

/** Everything a form template needs: the drawn fields and the summary (see form-errors.hbs). */
export function formView(specs: FieldSpec[], values: FormValues, problems: FormProblem[]) {
  const errors = errorSummary(specs, problems);
  return { fields: fieldViews(specs, values, problems), errors, errorsMany: errors.length > 1 };
}
