import type { Metadata } from "next";
import { loadOr404, requirePageUser } from "@/lib/pages";
import { listUsers } from "@/lib/server/users";
import { UsersTable } from "@/components/admin/users-table";
import { CreateUserForm } from "@/components/admin/create-user-form";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requirePageUser();
  const users = await loadOr404(() => listUsers(user));
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="accounts-heading" className="flex min-w-0 flex-col gap-3">
        <h1 id="accounts-heading" className="text-xl font-semibold">
          Accounts
        </h1>
        <p className="text-sm text-slate-600">
          Every change here is recorded in the desk ledger. Disabling an account or resetting its password signs it out at once.
        </p>
        <UsersTable
          selfId={user.id}
          users={users.map((row) => ({ id: row.id, name: row.name, email: row.email, role: row.role, disabled: Boolean(row.disabledAt) }))}
        />
      </section>
      <aside>
        <CreateUserForm />
      </aside>
    </div>
  );
}
