import type { Metadata } from "next";
import { UserAccessControls } from "@/components/admin/user-access-controls";
import { requirePagePermission } from "@/lib/auth/guards";
import { listUsers } from "@/lib/data/users";

export const metadata: Metadata = { title: "Users" };

const when = (date: Date) => date.toISOString().slice(0, 16).replace("T", " ") + " UTC";

export default async function UsersPage() {
  const actor = await requirePagePermission("manage:users", "/admin/users");
  const users = await listUsers(actor);
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">Users</h1>
      <p className="max-w-3xl text-sm text-stone-700">
        Viewers read published incidents; editors also add, correct, publish and retract them; administrators also manage
        users. A change applies from the user&apos;s next page load. Deactivating an account signs it out everywhere and
        refuses its sign-in until it is reactivated. New accounts are made with <code>npm run user:create</code>.
      </p>
      <div className="overflow-x-auto rounded border border-stone-300 bg-white">
        <table className="w-full text-left text-sm" data-testid="user-table">
          <caption className="sr-only">User accounts</caption>
          <thead className="bg-stone-100 text-stone-700">
            <tr>
              <th scope="col" className="px-3 py-2">E-mail</th>
              <th scope="col" className="px-3 py-2">Name</th>
              <th scope="col" className="px-3 py-2">Status</th>
              <th scope="col" className="px-3 py-2">Created</th>
              <th scope="col" className="px-3 py-2">Last active</th>
              <th scope="col" className="px-3 py-2">Role and access</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-t border-stone-200 align-top" data-testid="user-row" data-email={user.email}>
                <td className="px-3 py-2 font-medium">
                  {user.email}
                  {user.id === actor.userId && <span className="text-stone-500"> (you)</span>}
                </td>
                <td className="px-3 py-2">{user.name}</td>
                <td className="px-3 py-2" data-testid="user-status">
                  {user.isActive ? "Active" : <span className="font-semibold text-red-800">Deactivated</span>}
                </td>
                <td className="whitespace-nowrap px-3 py-2">{when(user.createdAt)}</td>
                <td className="whitespace-nowrap px-3 py-2">
                  {user.lastActiveAt ? when(user.lastActiveAt) : <span className="text-stone-500">not signed in</span>}
                  {user.openSessions > 1 && <span className="text-stone-500"> ({user.openSessions} sessions)</span>}
                </td>
                <td className="px-3 py-2">
                  <UserAccessControls userId={user.id} email={user.email} role={user.role} isActive={user.isActive} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
