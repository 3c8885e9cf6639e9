// Deciding a request to read a customer file: the department manager (own department) or the gm.
import type { BaseRecord } from '@refinedev/core';
import { decideAccessRequest } from '../../../../data/access-requests/decide-access-request';
import type { WorkflowMove } from './workflow-action';

export function accessRequestMoves(row: BaseRecord, can: (register: string, action: string) => boolean): WorkflowMove[] {
  if (row.status !== '待审批' || !can('access_requests', 'approve')) return [];
  const id = String(row.id);
  return [
    { key: 'approve', labelKey: 'registers.workflow.approve', fields: [{ name: 'note', labelKey: 'registers.workflow.note' }], run: (v) => decideAccessRequest(id, true, v.note as string | undefined) },
    { key: 'decline', labelKey: 'registers.workflow.decline', danger: true, fields: [{ name: 'note', labelKey: 'registers.workflow.note' }], run: (v) => decideAccessRequest(id, false, v.note as string | undefined) },
  ];
}
