// Recording a planned return visit as done (回访登记).
import type { BaseRecord } from '@refinedev/core';
import { recordReturnVisit } from '../../../../data/return-visits/record-return-visit';
import type { WorkflowMove } from './workflow-action';

export function returnVisitMoves(row: BaseRecord): WorkflowMove[] {
  if (row.done_at) return [];
  return [{
    key: 'record-visit',
    labelKey: 'registers.workflow.recordVisit',
    fields: [
      { name: 'method', labelKey: 'registers.workflow.method', options: ['电话', '上门', '短信', '微信', '邮件'], required: true },
      { name: 'content', labelKey: 'registers.workflow.visitContent', long: true, required: true },
      { name: 'satisfaction', labelKey: 'registers.workflow.satisfaction', options: ['满意', '基本满意', '不满意'], required: true },
      { name: 'opinions', labelKey: 'registers.workflow.opinions', long: true },
      { name: 'next_visit_on', labelKey: 'registers.workflow.nextVisitOn', dataType: 'date' },
    ],
    run: (v) => recordReturnVisit(String(row.id), v as never),
  }];
}
