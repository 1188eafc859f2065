// Opens an MCP server's sign-in page in a new tab (the button also shows the link, for blocked pop-ups).
export function openSignIn(url) {
    const opened = window.open(url, "_blank", "noopener");
    return opened !== null;
}
