import type { MetadataRoute } from "next";

// The desk as an installable app on a phone's home screen (icons from app/icon.svg, drawn once as PNGs).
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Storydesk",
    short_name: "Storydesk",
    description: "A collaborative newsroom desk for tracking a developing story.",
    start_url: "/",
    display: "standalone",
    background_color: "#f8fafc",
    theme_color: "#0f172a",
    icons: [
      { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
      { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
    ],
  };
}
