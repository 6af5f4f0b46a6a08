/** Types generated for queries found in "lib/calls/tasks.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type TaskStatus = 'CANCELLED' | 'CARRIED_OVER' | 'CLAIMED' | 'DONE' | 'ESCALATED' | 'PENDING' | 'RETRY_LATER';

export type DateOrString = Date | string;

/** 'FinishAttempt' parameters type */
export interface IFinishAttemptParams {
  attempts: number;
  nextAttemptAt?: DateOrString | null | void;
  status: TaskStatus;
  taskId: string;
  version: number;
}

/** 'FinishAttempt' return type */
export interface IFinishAttemptResult {
  id: string;
}

/** 'FinishAttempt' query type */
export interface IFinishAttemptQuery {
  params: IFinishAttemptParams;
  result: IFinishAttemptResult;
}

const finishAttemptIR: any = {"usedParamSet":{"status":true,"attempts":true,"nextAttemptAt":true,"taskId":true,"version":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":36,"b":43}]},{"name":"attempts","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":83}]},{"name":"nextAttemptAt","required":false,"transform":{"type":"scalar"},"locs":[{"a":104,"b":117}]},{"name":"taskId","required":true,"transform":{"type":"scalar"},"locs":[{"a":243,"b":250}]},{"name":"version","required":true,"transform":{"type":"scalar"},"locs":[{"a":266,"b":274}]}],"statement":"UPDATE call_tasks\nSET status = CAST(:status! AS \"TaskStatus\"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,\n    claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()\nWHERE id = :taskId! AND version = :version!\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE call_tasks
 * SET status = CAST(:status! AS "TaskStatus"), attempts = :attempts!, next_attempt_at = :nextAttemptAt,
 *     claimed_by_id = NULL, claimed_at = NULL, claimed_phone_id = NULL, version = version + 1, updated_at = now()
 * WHERE id = :taskId! AND version = :version!
 * RETURNING id
 * ```
 */
export const finishAttempt = new PreparedQuery<IFinishAttemptParams,IFinishAttemptResult>(finishAttemptIR);


