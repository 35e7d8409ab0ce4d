import type { Command } from "commander";
import { CliError, table } from "../context";
import type { CliRunner } from "../program";

/** `agency jobs retry --dead [--queue q]`: moves dead-lettered jobs back to the queue they failed on. */
export function registerJobs(program: Command, run: CliRunner) {
  const jobs = program.command("jobs").description("the job queue");
  jobs
    .command("retry")
    .description("retry dead-lettered jobs: each goes back to its queue with fresh retries")
    .requiredOption("--dead", "retry the jobs in the dead-letter queues")
    .option("--queue <name>", "only this queue's dead jobs (e.g. email.deliver)")
    .action((options: { dead: true; queue?: string }) =>
      run(async (ctx) => {
        const boss = await ctx.boss();
        const queues = (await boss.getQueues()).filter(
          (q) => q.deadLetter && (!options.queue || q.name === options.queue),
        );
        if (options.queue && queues.length === 0)
          throw new CliError(`No queue ${options.queue} with a dead-letter queue.`);
        const retried: { queue: string; deadLetter: string; jobs: number }[] = [];
        for (const queue of queues) {
          let moved = 0;
          // redrive moves at most `limit` per call, oldest first.
          for (let batch = -1; batch !== 0; moved += batch) {
            batch = await boss.redrive(queue.deadLetter!, { sourceName: queue.name, limit: 1000 });
          }
          retried.push({ queue: queue.name, deadLetter: queue.deadLetter!, jobs: moved });
        }
        const total = retried.reduce((n, r) => n + r.jobs, 0);
        ctx.print(
          { retried, total },
          () => `${table(retried, ["queue", "deadLetter", "jobs"])}\nRetried ${total} dead job(s).`,
        );
      }),
    );
}
