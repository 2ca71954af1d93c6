-- Questions and follow-ups share one priority scale: name it for what it is.
ALTER TYPE "QuestionPriority" RENAME TO "Priority";
