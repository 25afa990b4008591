// The address bar follows the users list while someone types (AddressBar.ReplaceAsync): the current history entry
// gets the new address and keeps Blazor's own state of that entry (its history index, used by NavigationLock).
window.replaceAddress = url => history.replaceState(history.state, "", url);
