// The grid's row menu (right-click on a row): open the record, and the workflow moves the row offers
// the signed-in person, as its register declares them and row_rights allows them.
import type { BaseRecord } from '@refinedev/core';
import { Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatValue } from '../model/kinds';
import { labelOf, type RegisterMeta } from '../model/register-meta';
import { useReferenceLabels } from '../model/use-reference-labels';
import { useRegisters } from '../model/use-registers';
import { AccessRequestDialog, asksForAccess } from '../record/access-request';
import { useMove } from '../moves/use-move';
import type { RowPages } from './use-row-pages';

export type RowMenuAt = { row: BaseRecord; x: number; y: number };

export function RowMenu({ register, pages, at, onClose, onOpenRow }: { register: RegisterMeta; pages: RowPages; at: RowMenuAt | null; onClose(): void; onOpenRow(row: BaseRecord): void }) {
  const { t, i18n } = useTranslation();
  const { registers } = useRegisters();
  const { start, dialog } = useMove(register, registers);
  const offered = at ? pages.rightsOf(at.row)?.moves ?? [] : [];
  const moves = register.moves.filter((m) => offered.includes(m.move));
  // 申请查阅 for each customer of the row hidden from the person.
  const references = useReferenceLabels();
  const [asking, setAsking] = useState<string | null>(null);
  const hidden = at ? register.columns.filter((c) => asksForAccess(c, at.row[c.name], formatValue(c, at.row[c.name], references.labels(c)), t('registers.cell.hidden'))) : [];
  const items = [
    { key: 'open', label: t('buttons.show') },
    ...(moves.length ? [{ type: 'divider' as const }] : []),
    ...moves.map((m) => ({ key: `move:${m.move}`, label: labelOf(m, i18n.language), danger: m.danger, 'data-testid': `row-move-${m.move}` })),
    ...(hidden.length ? [{ type: 'divider' as const }] : []),
    ...hidden.map((c) => ({ key: `access:${c.name}`, label: t('notifications.access.requestFor', { column: labelOf(c, i18n.language) }), 'data-testid': `row-access-${c.name}` })),
  ];
  return (
    <>
      {at && (
        <Dropdown
          open
          onOpenChange={(open) => !open && onClose()}
          menu={{
            items,
            onClick: ({ key }) => {
              onClose();
              if (key === 'open') onOpenRow(at.row);
              const move = moves.find((m) => `move:${m.move}` === key);
              if (move) start(move, String(at.row[register.keyColumn]), at.row);
              if (key.startsWith('access:')) setAsking(String(at.row[key.slice('access:'.length)]));
            },
          }}
        >
          <div data-testid="row-menu" style={{ position: 'fixed', left: at.x, top: at.y, width: 1, height: 1 }} />
        </Dropdown>
      )}
      {dialog}
      <AccessRequestDialog customerId={asking} onClose={() => setAsking(null)} />
    </>
  );
}
