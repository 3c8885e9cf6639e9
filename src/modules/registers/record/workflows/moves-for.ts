// The workflow moves of a record, by register: the only per-register code, for what the schema cannot say.
import type { BaseRecord } from '@refinedev/core';
import { accessRequestMoves } from './access-request-moves';
import { returnVisitMoves } from './return-visit-moves';
import { serviceRequestMoves } from './service-request-moves';
import type { WorkflowMove } from './workflow-action';

export function movesFor(register: string, row: BaseRecord, can: (register: string, action: string) => boolean): WorkflowMove[] {
  switch (register) {
    case 'service_requests':
      return serviceRequestMoves(row, can);
    case 'return_visits':
      return returnVisitMoves(row);
    case 'access_requests':
      return accessRequestMoves(row, can);
    default:
      return [];
  }
}
