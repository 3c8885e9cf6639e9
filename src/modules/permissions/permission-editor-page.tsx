// The permission editor 权限设置 (issue 17): a role (or a duty) × register matrix, each cell the
// scope of one action as a choice (本人 / 本部门 / 全部, or none), every role, register, action and
// scope by its name in the person's language, and beside it "what can this role do" in words.
// Rows are written through PostgREST under the permissions register's own policies: whoever may not
// write permissions (all but the administrator) sees the matrix read-only.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Empty, Input, Select, Space, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../data/keys';
import { fetchPermissionRows, fetchPermissionSubjects, setPermission, type Holder, type PermissionAction, type PermissionRow, type PermissionScope, type PermissionSubject } from '../../data/permissions/permission-rows';
import { useSignedInUserId } from '../../data/session/signed-in-user';
import { inLanguage } from '../../i18n/in-language';
import { readableError } from '../../providers/readable-error';
import { optionLabel } from '../registers/model/kinds/kind-parts';
import type { ColumnMeta } from '../registers/model/register-meta';
import { useCanDo } from '../registers/model/use-can-do';
import { useRegister } from '../registers/model/use-registers';
import { describeRights } from './describe-rights';

const holderOf = (key: string): Holder => (key.startsWith('role:') ? { role: key.slice(5) as never } : { duty: key.slice(5) as never });
const holds = (row: PermissionRow, h: Holder) => (h.role ? row.role === h.role : row.duty === h.duty);

export function PermissionEditorPage() {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const { message } = App.useApp();
  const client = useQueryClient();
  const user = useSignedInUserId();
  const canDo = useCanDo();
  const mayWrite = canDo('permissions', 'create') && canDo('permissions', 'update') && canDo('permissions', 'delete');
  const meta = useRegister('permissions');
  const column = (name: string): ColumnMeta | undefined => meta?.columns.find((c) => c.name === name);
  const [roleColumn, dutyColumn, actionColumn, scopeColumn] = [column('role'), column('duty'), column('action'), column('scope')];
  const label = (c: ColumnMeta | undefined, value: string) => (c ? optionLabel(c, value) : value);

  const [holder, setHolder] = useState<string>('role:clerk');
  const [filter, setFilter] = useState('');
  const [onlyGranted, setOnlyGranted] = useState(false);
  const chosen = holderOf(holder);

  const subjectsKey = [...keys.person(user), 'permission-editor', 'subjects'] as const;
  const rowsKey = [...keys.person(user), 'permission-editor', 'rows'] as const;
  const { data: subjects = [], error: subjectsError } = useQuery({ queryKey: subjectsKey, queryFn: fetchPermissionSubjects, enabled: !!user });
  const { data: rows = [], isLoading } = useQuery({ queryKey: rowsKey, queryFn: fetchPermissionRows, enabled: !!user });

  const actions = (actionColumn?.options ?? []) as PermissionAction[];
  const scopes = (scopeColumn?.options ?? []) as PermissionScope[];
  const subjectLabel = (s: PermissionSubject) => inLanguage(s.label_zh, s.label_en, language);
  const registerLabel = (name: string) => {
    const s = subjects.find((x) => x.register === name);
    return s ? subjectLabel(s) : '…';
  };
  const holderLabel = chosen.role ? label(roleColumn, chosen.role) : label(dutyColumn, chosen.duty!);
  const mine = rows.filter((r) => holds(r, chosen));
  const rowFor = (register: string, action: string) => mine.find((r) => r.register === register && r.action === action);

  const write = useMutation({
    mutationFn: ({ register, action, scope }: { register: string; action: PermissionAction; scope: PermissionScope | null }) => setPermission(chosen, register, action, scope, rowFor(register, action)),
    onSuccess: async (_, { register, action, scope }) => {
      message.success(t('permissions.saved', { text: t('permissions.change', { holder: holderLabel, register: registerLabel(register), action: label(actionColumn, action), scope: scope ? label(scopeColumn, scope) : t('permissions.none') }) }));
    },
    onError: (e) => message.error(readableError(e).message),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: rowsKey }), client.invalidateQueries({ queryKey: keys.permissions(user) }), client.invalidateQueries({ queryKey: keys.registers(user) })]),
  });

  const words = filter.trim().toLowerCase();
  const shown = subjects.filter(
    (s) => (!words || s.label_zh.toLowerCase().includes(words) || s.label_en.toLowerCase().includes(words)) && (!onlyGranted || mine.some((r) => r.register === s.register)),
  );

  const preview = describeRights(
    mine.map((r) => ({ register: r.register, action: r.action, scope: r.scope })),
    {
      language,
      register: registerLabel,
      // mid-sentence in English: "read, create their own"
      action: (a) => (language === 'en' ? label(actionColumn, a).toLowerCase() : label(actionColumn, a)),
      scope: (s) => t(`permissions.scopeWords.${s}`),
      actionOrder: actions,
      scopeOrder: scopes,
    },
  );

  const holderOptions = [
    { label: t('permissions.roles'), options: (roleColumn?.options ?? []).map((r) => ({ value: `role:${r}`, label: label(roleColumn, r) })) },
    { label: t('permissions.duties'), options: (dutyColumn?.options ?? []).map((d) => ({ value: `duty:${d}`, label: label(dutyColumn, d) })) },
  ];
  const scopeOptions = [{ value: '', label: t('permissions.none') }, ...scopes.map((s) => ({ value: s, label: label(scopeColumn, s) }))];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16, width: '100%' }} data-testid="permission-editor">
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('permissions.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('permissions.intro')}
      </Typography.Paragraph>
      {!mayWrite && <Alert type="info" showIcon message={t('permissions.readOnly')} data-testid="permission-read-only" />}
      {subjectsError && <Alert type="error" showIcon message={readableError(subjectsError).message} />}
      <Space wrap>
        <Select
          aria-label={t('permissions.holder')}
          data-testid="permission-holder"
          style={{ minWidth: 240 }}
          value={holder}
          options={holderOptions}
          onChange={setHolder}
          showSearch
          optionFilterProp="label"
        />
        <Input.Search allowClear placeholder={t('permissions.search')} style={{ width: 240 }} value={filter} onChange={(e) => setFilter(e.target.value)} data-testid="permission-search" />
        <Space size={6}>
          <Switch size="small" checked={onlyGranted} onChange={setOnlyGranted} data-testid="permission-only-granted" />
          <Typography.Text>{t('permissions.onlyGranted')}</Typography.Text>
        </Space>
      </Space>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, alignItems: 'flex-start', width: '100%' }}>
        <div style={{ flex: '1 1 640px', minWidth: 0 }}>
          <Table<PermissionSubject>
            data-testid="permission-matrix"
            rowKey="register"
            size="small"
            loading={isLoading}
            dataSource={shown}
            pagination={false}
            scroll={{ x: 'max-content', y: 560 }}
            columns={[
              { title: t('permissions.register'), key: 'register', width: 190, render: (_, s) => <span data-testid={`permission-register-${s.register}`}>{subjectLabel(s)}</span> },
              {
                title: t('permissions.group'),
                key: 'group',
                width: 116,
                ellipsis: true,
                render: (_, s) => <Typography.Text type="secondary">{inLanguage(s.group_label_zh, s.group_label_en, language)}</Typography.Text>,
              },
              ...actions.map((action) => ({
                title: label(actionColumn, action),
                key: action,
                width: 116,
                render: (_: unknown, s: PermissionSubject) => (
                  <Select
                    size="small"
                    style={{ width: 106 }}
                    aria-label={`${subjectLabel(s)} · ${label(actionColumn, action)}`}
                    data-testid={`permission-${s.register}-${action}`}
                    disabled={!mayWrite || write.isPending}
                    value={rowFor(s.register, action)?.scope ?? ''}
                    options={scopeOptions}
                    onChange={(value: string) => write.mutate({ register: s.register, action, scope: value === '' ? null : (value as PermissionScope) })}
                  />
                ),
              })),
            ]}
          />
        </div>
        <div style={{ flex: '0 1 340px', minWidth: 280 }}>
          <Card size="small" title={t('permissions.preview', { holder: holderLabel })} data-testid="permission-preview">
            {preview.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('permissions.previewEmpty', { holder: holderLabel })} />
            ) : (
              <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 560, overflowY: 'auto' }}>
                {preview.map((line) => (
                  <li key={line.register} data-testid={`permission-preview-${line.register}`}>
                    {line.text}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
