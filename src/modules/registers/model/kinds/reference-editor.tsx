// The reference picker of forms and move dialogs (loaded when first shown, so that the column kinds
// stay free of the API client): choices a page at a time from the server, typing searches name,
// code and phone there, the preferred department's rows first, each row with its code, department
// and phone beside the name (two people of the same name are told apart).
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Select, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../../data/keys';
import { referenceDisplays } from '../../../../data/registers/reference-displays';
import { fetchReferenceOptions, optionDetail, type ReferenceOption } from '../../../../data/registers/reference-options';
import { useSignedInUserId } from '../../../../data/session/signed-in-user';
import type { RegisterMeta } from '../register-meta';
import type { EditorProps } from './column-kind';
import { useReferencePreference } from './reference-context';

/** What tells two rows of the same name apart: code, department, phone. */

// The picker asks the server a page at a time (typing searches name, code and phone there), the
// preferred department's rows first, each row with its code, department and phone beside the name.
export default function ReferenceEditor({ column, value, onChange, disabled, id }: EditorProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const user = useSignedInUserId();
  const table = column.references?.table ?? '';
  const display = column.references?.display ?? 'id';
  const { department } = useReferencePreference();
  // The referenced register's columns, if the person reads it (what can tell its rows apart).
  const columns = useMemo(
    () => client.getQueryData<RegisterMeta[]>(keys.registers(user))?.find((r) => r.name === table)?.columns.map((c) => c.name) ?? [display],
    [client, user, table, display],
  );
  const [text, setText] = useState('');
  const [pages, setPages] = useState(1);
  const [open, setOpen] = useState(false);
  const { data, isFetching: loading } = useQuery({
    queryKey: [...keys.referenceLabels(user, table), 'options', display, columns.join(','), text, department ?? '', pages],
    queryFn: async () => {
      const found = await Promise.all(Array.from({ length: pages }, (_, page) => fetchReferenceOptions({ table, display, columns, text, department, page })));
      return { options: found.flatMap((p) => p.options), more: found[found.length - 1]?.more ?? false };
    },
    enabled: !!column.references && open,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const options = useMemo(() => data?.options ?? [], [data]);
  const more = data?.more ?? false;

  // The chosen row's name even when it is not on the first page (or no longer offered).
  const key = typeof value === 'string' ? value : null;
  const { data: chosen } = useQuery({
    queryKey: [...keys.referenceLabels(user, table), 'chosen', key],
    queryFn: () => referenceDisplays(table, display, [key!]),
    enabled: !!key && !!column.references && !options.some((o) => o.key === key),
    staleTime: 60_000,
  });

  const toOption = (o: ReferenceOption) => ({
    value: o.key,
    text: o.text,
    label: (
      <span data-testid="reference-option">
        {o.text}
        {optionDetail(o) && <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>{optionDetail(o)}</Typography.Text>}
      </span>
    ),
  });
  const preferred = department ? options.filter((o) => o.departmentId === department) : [];
  const others = department ? options.filter((o) => o.departmentId !== department) : options;
  const grouped =
    preferred.length > 0
      ? [
          { label: preferred[0].department ?? t('registers.picker.sameDepartment'), options: preferred.map(toOption) },
          ...(others.length > 0 ? [{ label: t('registers.picker.otherDepartments'), options: others.map(toOption) }] : []),
        ]
      : others.map(toOption);
  const missing = key && !options.some((o) => o.key === key) ? [{ value: key, text: chosen?.get(key) ?? '', label: chosen?.get(key) ?? '' }] : [];

  return (
    <Select
      id={id}
      options={[...missing, ...grouped] as never}
      optionLabelProp="text"
      onSearch={(typed) => {
        setText(typed);
        setPages(1);
      }}
      onOpenChange={setOpen}
      onPopupScroll={(e) => {
        const el = e.currentTarget as HTMLElement;
        if (more && !loading && el.scrollTop + el.clientHeight >= el.scrollHeight - 40) setPages((p) => p + 1);
      }}
      loading={loading}
      value={key ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      disabled={disabled}
      allowClear
      showSearch
      filterOption={false}
      // Pages of 50 arrive as the list scrolls; every line offered is in the page (screen readers, tests).
      virtual={false}
      notFoundContent={loading ? t('registers.picker.loading') : t('registers.picker.none')}
      style={{ width: '100%' }}
      data-testid={`reference-${column.name}`}
    />
  );
}

