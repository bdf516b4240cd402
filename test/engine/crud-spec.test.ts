import path from 'node:path';
import { MongoClient } from 'mongodb';
import { openTestDatabase, type TestDatabase } from './helpers';
import {
  TestContext,
  assertOutcome,
  loadInitialData,
  loadSpecFiles,
  serverFacts,
  unmetRequirements,
  unsupportedSchema,
  type ServerFacts,
} from './spec-runner';

/**
 * MongoDB's unified-format CRUD specification tests (test/engine/spec, from
 * the Node.js driver's repository, Apache-2.0), run through the driver against
 * the engine, or against MONGODB_URI when set. A test is skipped only when its
 * runOnRequirements exclude the server, or for a reason named below.
 */

const SPEC_DIR = path.join(__dirname, 'spec', 'crud', 'unified');

/** Tests the Node.js driver itself does not pass (its own skip list for this suite). */
const DRIVER_LIMITATIONS: Record<string, string> = {
  'inserting _id with type null via insertOne':
    'the Node.js driver replaces a null _id with an ObjectId (NODE-6468)',
  'inserting _id with type null via insertMany':
    'the Node.js driver replaces a null _id with an ObjectId (NODE-6468)',
  'inserting _id with type null via bulkWrite':
    'the Node.js driver replaces a null _id with an ObjectId (NODE-6468)',
  'inserting _id with type null via clientBulkWrite':
    'the Node.js driver replaces a null _id with an ObjectId (NODE-6468)',
  'InsertMany passes bypassDocumentValidation: false':
    'the Node.js driver leaves out bypassDocumentValidation: false (NODE-6484)',
  'FindOneAndUpdate passes bypassDocumentValidation: false':
    'the Node.js driver leaves out bypassDocumentValidation: false (NODE-6484)',
  'FindOneAndReplace passes bypassDocumentValidation: false':
    'the Node.js driver leaves out bypassDocumentValidation: false (NODE-6484)',
  'BulkWrite passes bypassDocumentValidation: false':
    'the Node.js driver leaves out bypassDocumentValidation: false (NODE-6484)',
  'Aggregate with $out passes bypassDocumentValidation: false':
    'the Node.js driver leaves out bypassDocumentValidation: false (NODE-6484)',
};

/** Groups the embedded engine does not offer (listed in the README); MongoDB runs them. */
const ENGINE_LIMITATIONS: { test: RegExp; reason: string }[] = [
  { test: /-collation\.json: /, reason: 'the engine has no collation support' },
];

const specs = loadSpecFiles(SPEC_DIR);

describe('engine: MongoDB unified CRUD specification tests', function () {
  this.timeout(20_000);
  let t: TestDatabase;
  let setup: MongoClient;
  let facts: ServerFacts;
  /** Whether the server answers configureFailPoint (mongod only with enableTestCommands). */
  let failPoints = false;

  before(async function () {
    t = await openTestDatabase('fk_crud_spec');
    setup = await new MongoClient(t.database.uri).connect();
    facts = await serverFacts(setup, t.database.uri);
    failPoints = await setup
      .db('admin')
      .command({ configureFailPoint: 'failCommand', mode: 'off' })
      .then(
        () => true,
        () => false,
      );
  });
  after(async () => {
    await setup?.close();
    await t?.stop();
  });

  for (const { file, spec } of specs) {
    describe(file, () => {
      for (const test of spec.tests) {
        it(test.description, async function () {
          const reason =
            unsupportedSchema(spec) ??
            test.skipReason ??
            DRIVER_LIMITATIONS[test.description] ??
            (t.database.mode === 'embedded'
              ? ENGINE_LIMITATIONS.find((l) => l.test.test(`${file}: ${test.description}`))?.reason
              : undefined) ??
            unmetRequirements(spec.runOnRequirements, facts) ??
            unmetRequirements(test.runOnRequirements, facts) ??
            (!failPoints && test.operations.some((op) => op.name === 'failPoint')
              ? 'the server has no test commands (configureFailPoint needs enableTestCommands)'
              : undefined);
          if (reason) {
            this.test!.title += ` (skipped: ${reason})`;
            this.skip();
          }
          const context = new TestContext(t.database.uri);
          try {
            await loadInitialData(setup, spec.initialData);
            await context.createEntities(spec.createEntities);
            for (const op of test.operations) await context.runOperation(op);
            if (test.expectEvents) context.assertEvents(test.expectEvents);
            await assertOutcome(setup, test.outcome);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
});
