// A survey invitation's signed link token (declared survey_link): shown, copied and exported as the
// customer-facing address /survey/<token> that a clerk sends, never as the bare token. The database
// writes it; nobody edits it, sorts by it or searches it.
import { Typography } from 'antd';
import type { ColumnKindSpec, EditorProps } from './column-kind';
import { textCell } from './kind-parts';
import { textKind } from './text';

/** The address a customer opens to answer, on the app's own origin. */
export function surveyLinkAddress(token: string): string {
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  return `${origin}/survey/${encodeURIComponent(token)}`;
}

function SurveyLinkView({ value, id }: EditorProps) {
  if (value === null || value === undefined || value === '') return null;
  const address = surveyLinkAddress(String(value));
  return (
    <Typography.Link id={id} href={address} target="_blank" rel="noreferrer" copyable={{ text: address }}>
      {address}
    </Typography.Link>
  );
}

export const surveyLinkKind: ColumnKindSpec = {
  ...textKind,
  name: 'survey_link',
  parse: (_, text) => ({ ok: true, value: text }),
  format: (_, value) => surveyLinkAddress(String(value)),
  exportValue: (_, value) => surveyLinkAddress(String(value)),
  gridCell: (_, value) => textCell(value === null || value === undefined ? '' : surveyLinkAddress(String(value)), false),
  Editor: SurveyLinkView,
  rules: () => [],
  filterOperators: ['null', 'nnull'],
  FilterInput: null,
  quickSearch: undefined,
  sortable: false,
  width: 260,
  wide: true,
};
