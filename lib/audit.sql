/* @name InsertAuditEvents */
INSERT INTO audit_events (actor_id, request_id, ip, action, entity_type, entity_id, meta)
SELECT CAST(:actorId AS uuid), CAST(:requestId AS text), CAST(:ip AS text), e.action, e.entity_type, e.entity_id, COALESCE(e.meta, '{}'::jsonb)
FROM jsonb_to_recordset(CAST(CAST(:entries! AS text) AS jsonb)) AS e(action text, entity_type text, entity_id text, meta jsonb);
