"use client";
import { Button } from "@/components/ui/button";

export function SignOutButton() {
  // next-auth resolves a callbackUrl against NEXTAUTH_URL, so a desk opened at another host
  // (a LAN address, a proxy's name) landed on localhost after signing out: end the session
  // without its redirect, then go to the sign-in page of the host the desk was opened at.
  // next-auth's client module loads when it is used: evaluated on every desk page, it was ~6 ms of
  // the task that hydrates the page (issue 16, TBT).
  const signOutHere = async () => {
    const { signOut } = await import("next-auth/react");
    await signOut({ redirect: false });
    // A full page load (not a client navigation): nothing of the signed-in pages stays cached.
    window.location.assign(new URL("/sign-in", window.location.origin));
  };
  return (
    <Button variant="ghost" onClick={signOutHere}>
      Sign out
    </Button>
  );
}
