import type { PrismaClient } from "./generated/prisma/client";

export const DEMO = {
  user: { email: "demo@agency-os.test", name: "Dana Demo" },
  organization: { name: "Northwind Agency", slug: "northwind" },
} as const;

/**
 * Idempotent demo data: upserts by natural keys, so running it again changes
 * nothing. Runs with the migrating role (RLS is for the app role).
 */
export async function seedDemoData(prisma: PrismaClient) {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({
      where: { email: DEMO.user.email },
      update: {},
      create: { email: DEMO.user.email, name: DEMO.user.name, emailVerifiedAt: new Date() },
    });
    const organization = await tx.organization.upsert({
      where: { slug: DEMO.organization.slug },
      update: {},
      create: { name: DEMO.organization.name, slug: DEMO.organization.slug },
    });
    await tx.membership.upsert({
      where: { orgId_userId: { orgId: organization.id, userId: user.id } },
      update: {},
      create: { orgId: organization.id, userId: user.id, role: "owner" },
    });
    return { user, organization };
  });
}
