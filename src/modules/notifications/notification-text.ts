// A to-do's words in the reader's language. The database writes a notification's title as
// "中文 | English" (private.notify refuses one without both halves); a body's system sentences are
// written the same way, line by line, next to a person's own text (a reason, a request's content),
// which stays as it was written.
import { inLanguage } from '../../i18n/in-language';

const separator = ' | ';

/** The reader's half of a "中文 | English" text; a text without the separator as it is. */
export function halfOf(text: string, language: string): string {
  const at = text.indexOf(separator);
  return at < 0 ? text : inLanguage(text.slice(0, at).trim(), text.slice(at + separator.length).trim(), language);
}

/** A title in the reader's language. */
export const titleIn = (title: string, language: string): string => halfOf(title, language);

/** A body in the reader's language: each "中文 | English" line gives its half, other lines stay. */
export const bodyIn = (body: string | null | undefined, language: string): string =>
  (body ?? '')
    .split('\n')
    .map((line) => halfOf(line, language))
    .join('\n')
    .trim();
