import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { Field, FormBody } from '../../platform/forms/forms.ts';
import { dateProblems, formValues } from '../../platform/forms/forms.ts';
import { type FieldErrors, isAppError } from '../../platform/http/errors.ts';
import { seeOther } from '../../platform/http/request-context.ts';
import { fieldErrorsOf, formErrors } from '../../platform/http/validation.ts';

export type FormPage = {
  title: string;
  caption?: string;
  intro?: string;
  fields: Field[];
  action: string;
  submitText: string;
  cancel: string;
  warning?: string;
};

/** Shows a question page, empty, with saved data, or again with the problems (400). */
export function showForm(
  reply: FastifyReply,
  page: FormPage,
  source: { body?: FormBody; data?: Record<string, unknown> } = {},
  fieldErrors?: FieldErrors,
) {
  const errors = fieldErrors ? formErrors(fieldErrors) : undefined;
  return reply.code(errors ? 400 : 200).page('hearings/views/form.njk', {
    ...page,
    values: formValues(page.fields, source),
    errors,
  });
}

/**
 * Post/Redirect/Get for a question page: parse with the API's own schema, run the change, redirect; a
 * problem (a field, or a refusal such as a double booking) shows the page again with the error summary.
 */
export async function submitForm<S extends z.ZodType>(
  reply: FastifyReply,
  page: FormPage,
  body: FormBody,
  input: unknown,
  schema: S,
  run: (data: z.output<S>) => Promise<string>,
  options: {
    /** Maps the schema's field paths to the page's. */
    mapFields?: (fields: FieldErrors) => FieldErrors;
    /** Problems the rules find with the answers given, shown with what is missing rather than after it. */
    rules?: (input: Record<string, unknown>) => FieldErrors;
  } = {},
) {
  const mapFields = options.mapFields ?? ((f: FieldErrors) => f);
  // Problems found on the page itself (`onPage`) already carry the page's field paths.
  const again = (fields: FieldErrors, onPage: FieldErrors = {}) => {
    const errors = { ...mapFields(fields), ...onPage };
    // A problem found in a time box replaces the schema's more general one for its date and time.
    for (const key of Object.keys(onPage))
      if (key.endsWith('-time')) delete errors[key.slice(0, -'-time'.length)];
    return showForm(reply, page, { body }, errors);
  };
  const parsed = schema.safeParse(input);
  // A date that does not exist is named as GOV.UK words it ("… must be a real date"), not as the schema does.
  const ruled = options.rules?.((input ?? {}) as Record<string, unknown>) ?? {};
  if (!parsed.success)
    return again({ ...ruled, ...fieldErrorsOf(parsed.error.issues) }, dateProblems(page.fields, body));
  if (Object.keys(ruled).length) return again(ruled);
  try {
    return seeOther(reply, await run(parsed.data));
  } catch (error) {
    if (isAppError(error) && error.fields) return again(error.fields);
    if (isAppError(error) && (error.code === 'CONFLICT' || error.code === 'ACTION_NOT_ALLOWED'))
      return again({
        [(page.fields.find((f) => f.kind === 'datetime') ?? page.fields.find((f) => f.kind !== 'heading'))
          ?.path ?? '_']: error.message,
      });
    throw error;
  }
}
