import "server-only";

export const PAGE_SIZE = 50;

export type Page<T> = { items: T[]; total: number; page: number; pageCount: number };

export const pageArgs = (page: number) => ({ skip: (page - 1) * PAGE_SIZE, take: PAGE_SIZE });

export function pageOf<T>(items: T[], total: number, page: number): Page<T> {
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
}
