import { housekeeping, LOGIN_ATTEMPT_RETENTION_MS } from "@/lib/jobs/housekeeping";
import { closeDb, createUser, testDb, uid } from "@/tests/factories";

afterAll(closeDb);

it("removes long-dead sessions and old login attempts but keeps recent ones and every audit row", async () => {
  const now = new Date();
  const u = await createUser("SUPERVISOR");
  const old = await testDb().userSession.create({ data: { userId: u.id, sessionVersion: 1, createdAt: new Date(now.getTime() - 14 * 3600_000) } });
  const recent = await testDb().userSession.create({ data: { userId: u.id, sessionVersion: 1, createdAt: new Date(now.getTime() - 3600_000) } });
  const name = `hk-${uid()}`;
  await testDb().loginAttempt.createMany({
    data: [
      { username: name, ip: "x", success: false, at: new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_MS - 1000) },
      { username: name, ip: "x", success: false, at: new Date(now.getTime() - 1000) },
    ],
  });
  const auditBefore = await testDb().auditEvent.count();
  const result = await housekeeping(testDb(), now);
  expect(result.sessionsDeleted).toBeGreaterThanOrEqual(1);
  expect(await testDb().userSession.findUnique({ where: { id: old.id } })).toBeNull();
  expect(await testDb().userSession.findUnique({ where: { id: recent.id } })).not.toBeNull();
  expect(await testDb().loginAttempt.count({ where: { username: name } })).toBe(1);
  expect(await testDb().auditEvent.count()).toBe(auditBefore);
});
