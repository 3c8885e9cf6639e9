// The moves of a service request (《客户报修/投诉/求助记录》): assign, resolve, reply to a complaint,
// and the responsible department's sign-off. Shown only in the states where the database allows them.
import type { BaseRecord } from '@refinedev/core';
import { assignRequest } from '../../../../data/service-requests/assign-request';
import { replyComplaint } from '../../../../data/service-requests/reply-complaint';
import { resolveRequest } from '../../../../data/service-requests/resolve-request';
import { signOffRequest } from '../../../../data/service-requests/sign-off-request';
import type { WorkflowMove } from './workflow-action';

export function serviceRequestMoves(row: BaseRecord, can: (register: string, action: string) => boolean): WorkflowMove[] {
  const id = String(row.id);
  const moves: WorkflowMove[] = [];
  const complaint = row.kind === '投诉';
  if (row.status === '受理' || row.status === '处理中') {
    moves.push({ key: 'assign', labelKey: 'registers.workflow.assign', fields: [{ name: 'handler', labelKey: 'registers.workflow.handler', references: { table: 'operators', display: 'name' }, required: true }], run: (v) => assignRequest(id, String(v.handler)) });
  }
  if (row.status === '处理中') {
    moves.push({ key: 'resolve', labelKey: 'registers.workflow.resolve', fields: [{ name: 'resolution', labelKey: 'registers.workflow.resolution', long: true, required: true }], run: (v) => resolveRequest(id, String(v.resolution)) });
  }
  if (complaint && !row.replied_at && row.status !== '已结案') {
    moves.push({ key: 'reply', labelKey: 'registers.workflow.reply', fields: [{ name: 'reply', labelKey: 'registers.workflow.replyText', long: true, required: true }], run: (v) => replyComplaint(id, String(v.reply)) });
  }
  if (!row.signed_off_at && (row.status === '待回访' || row.status === '已结案') && can(complaint ? 'complaints' : 'service_requests', 'approve')) {
    moves.push({ key: 'sign-off', labelKey: 'registers.workflow.signOff', fields: [], run: () => signOffRequest(id) });
  }
  return moves;
}
