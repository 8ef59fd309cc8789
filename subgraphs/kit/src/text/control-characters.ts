/**
 * C0 and C1 control characters, DEL included. Names, logins and keys never hold one; free text
 * (display names, descriptions) may hold tabs and line breaks only. One definition, so that every
 * subgraph refuses the same characters.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const TAB_AND_LINE_BREAKS = /[\t\n\r]/g;

/** Whether `text` holds a control character; with `allowLineBreaks`, tab, LF and CR do not count. */
export function hasControlCharacter(text: string, { allowLineBreaks = false } = {}): boolean {
  return CONTROL_CHARACTER.test(allowLineBreaks ? text.replace(TAB_AND_LINE_BREAKS, '') : text);
}
