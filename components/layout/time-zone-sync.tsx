"use client";
import { useEffect } from "react";
import { useRouter } from "next/navigation";
import { TIME_ZONE_COOKIE } from "@/lib/time-zone";
import { whenIdle } from "@/components/ui/when-idle";

/** Tells the server the browser's time zone (a cookie), so times render in it; refreshes once if it changed. */
export function TimeZoneSync({ current }: { current: string }) {
  const router = useRouter();
  useEffect(
    () =>
      // Once the page is idle: the first Intl.DateTimeFormat of a page costs ~10 ms.
      whenIdle(() => {
        const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (!zone || zone === current) return;
        document.cookie = `${TIME_ZONE_COOKIE}=${encodeURIComponent(zone)}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }),
    [current, router],
  );
  return null;
}
