import type { Reporter, TestModule } from "vitest/node";

// CI reads the last line: "N passed, N failed" over every test that ran.
export default class CountReporter implements Reporter {
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<unknown>,
    reason: "passed" | "failed" | "interrupted",
  ): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const failures: string[] = [];
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") {
          failed += 1;
          failures.push(`${test.fullName} (${testModule.moduleId.replace(process.cwd() + "/", "")}): ${firstLine(test.result().errors?.[0])}`);
        }
        else skipped += 1;
      }
      // A file that failed to load has no tests but must still fail the run.
      if (testModule.state() === "failed" && [...testModule.children.allTests()].length === 0) {
        failed += 1;
        failures.push(`${testModule.moduleId.replace(process.cwd() + "/", "")}: ${firstLine(testModule.errors()[0])}`);
      }
    }
    failed += unhandledErrors.length;
    // A run that failed outside any test (e.g. its setup) still counts as a failure.
    if (reason !== "passed" && failed === 0) failed = 1;
    // The names again at the very end, with the first line of each error: a long log is often read from its tail.
    if (failures.length) process.stdout.write(`\nFailed:\n${failures.map((f) => `  ${f}`).join("\n")}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  }
}

function firstLine(error: unknown): string {
  const message = error && typeof error === "object" && "message" in error ? String(error.message) : String(error ?? "");
  return (message.split("\n")[0] ?? "").slice(0, 300);
}
