import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { z } from "zod";

const count = (max: number) => z.coerce.number().int().min(1).max(max);

const optionsSchema = z.object({
  tasks: count(20_000_000).default(1_000_000),
  projects: count(10_000).default(200),
  members: count(999).default(25),
  batchSize: count(1_000_000).default(100_000),
  password: z.string().min(10, "password: at least 10 characters").max(200).optional(),
  vacuum: z.boolean().default(true),
});

export type LargeSeedCliOptions = Omit<z.infer<typeof optionsSchema>, "password"> & {
  password: string;
  passwordGenerated: boolean;
};

/**
 * `--tasks 1000000 --projects 200 --members 25 --batch 100000 --password … --no-vacuum`;
 * each also reads SEED_TASKS, SEED_PROJECTS, SEED_MEMBERS, SEED_BATCH, SEED_PASSWORD.
 * Without a password, a random one is generated (and printed).
 */
export function parseLargeSeedOptions(argv: string[], env: NodeJS.ProcessEnv): LargeSeedCliOptions {
  const { values } = parseArgs({
    args: argv.filter((arg) => arg !== "--"),
    options: {
      tasks: { type: "string" },
      projects: { type: "string" },
      members: { type: "string" },
      batch: { type: "string" },
      password: { type: "string" },
      "no-vacuum": { type: "boolean" },
    },
    strict: true,
  });
  const result = optionsSchema.safeParse({
    tasks: values.tasks ?? env.SEED_TASKS,
    projects: values.projects ?? env.SEED_PROJECTS,
    members: values.members ?? env.SEED_MEMBERS,
    batchSize: values.batch ?? env.SEED_BATCH,
    password: values.password ?? env.SEED_PASSWORD,
    vacuum: !values["no-vacuum"],
  });
  if (!result.success) {
    throw new Error(
      `Invalid option: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const { password, ...rest } = result.data;
  return {
    ...rest,
    password: password ?? `scale-${randomBytes(9).toString("base64url")}`,
    passwordGenerated: password === undefined,
  };
}
