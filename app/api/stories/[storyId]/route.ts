import { withUser } from "@/lib/server/route";
import { getStory } from "@/lib/server/stories";
import { listMembers } from "@/lib/server/members";

export const GET = withUser<{ storyId: string }>("getStoryRoute", async (user, { storyId }) => {
  const { story, access } = await getStory(user, storyId);
  const members = await listMembers(user, storyId);
  return {
    story,
    myRole: access.role,
    members: members.map((member) => ({ id: member.id, role: member.role, name: member.user.name })),
  };
});
