import type { ComponentPropsWithRef } from "react";
import { cn } from "./cn";

type Variant = "primary" | "secondary" | "danger" | "ghost";
type Size = "md" | "sm";

// The classes are in app/globals.css (.btn, .btn-<size>, .btn-<variant>): a panel repeats its
// buttons in every entry, and two dozen utilities each weighed on every page (issue 16).
// 44 px tall on a phone (a finger's target), denser from the sm breakpoint up (a desk's mouse).
export function Button({
  variant = "primary",
  size = "md",
  className,
  type = "button",
  ...props
}: ComponentPropsWithRef<"button"> & { variant?: Variant; size?: Size }) {
  return (
    <button
      type={type}
      className={cn("btn", `btn-${size}`, `btn-${variant}`, className)}
      {...props}
    />
  );
}
