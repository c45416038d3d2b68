"""The appliance around the engine: service manager notifications, the status file, opening
hours and the calendar of playlists. Pure logic here has no pygame import."""
