// Jest globalSetup of the integration project: runs once, before any integration test file, and
// stops the run at once when the database is missing or not one meant for tests. Integration tests
// talk to a real PostgreSQL and create and delete data.
export default function checkTestDatabase(): void {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      "Integration tests need DATABASE_URL. Run `npm test -- --integration`, which creates and migrates " +
        "the eservices_test database (on an embedded PostgreSQL when DATABASE_URL is unset).",
    );
  }
  const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/test/i.test(dbName)) {
    throw new Error(
      `Integration tests refuse to run on database "${dbName}": its name must contain "test". ` +
        "Use `npm test -- --integration` (database eservices_test) or point DATABASE_URL at a test database.",
    );
  }
}
