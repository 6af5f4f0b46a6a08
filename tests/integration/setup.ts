// Runs before each integration test file. Integration tests talk to a real PostgreSQL and create
// and delete data, so they need DATABASE_URL and must never touch a database not meant for tests.
const url = process.env.DATABASE_URL;
if (!url) {
  throw new Error(
    "Integration tests need DATABASE_URL. Run `npm test -- --integration`, which creates and migrates the " +
      "eservices_test database (embedded PostgreSQL when DATABASE_URL is unset).",
  );
}
const dbName = decodeURIComponent(new URL(url).pathname.slice(1));
if (!/test/i.test(dbName)) {
  throw new Error(
    `Integration tests refuse to run on database "${dbName}": its name must contain "test". ` +
      "Use `npm test -- --integration` (database eservices_test).",
  );
}
