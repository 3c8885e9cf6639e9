// The grid's keyboard shortcuts in one panel, opened with "?" (outside a text box) or its button.
import { Modal, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const mac = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform);
const primary = mac ? '⌘' : 'Ctrl';

/** Keys, and what they do (sheet.shortcuts.<key>). */
export const shortcuts: [string, string][] = [
  ['Enter / F2', 'edit'],
  ['A–Z, 0–9', 'type'],
  ['Enter', 'save'],
  ['Esc', 'cancel'],
  ['↑ ↓ ← → / Tab', 'move'],
  ['Shift + ↑ ↓ ← →', 'extend'],
  ['Ctrl + Space', 'column'],
  ['Shift + Space', 'row'],
  [`${primary} + A`, 'all'],
  [`${primary} + C`, 'copy'],
  [`${primary} + V`, 'paste'],
  [`${primary} + D / ${primary} + R`, 'fill'],
  ['Delete / Backspace', 'clear'],
  ['Space', 'toggle'],
  ['Shift + Enter', 'longtext'],
  ['?', 'help'],
];

export function ShortcutHelp({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <Modal open={open} onCancel={onClose} footer={null} title={t('sheet.shortcuts.title')} width={640} destroyOnHidden>
      <Table
        data-testid="shortcut-help"
        size="small"
        pagination={false}
        rowKey={([keys, action]) => `${keys}-${action}`}
        dataSource={shortcuts}
        columns={[
          { title: t('sheet.shortcuts.keys'), render: (_, [keys]) => <Typography.Text keyboard>{keys}</Typography.Text>, width: 200 },
          { title: t('sheet.shortcuts.action'), render: (_, [, action]) => t(`sheet.shortcuts.${action}`) },
        ]}
      />
    </Modal>
  );
}
