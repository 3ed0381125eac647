using System.Runtime.Versioning;

// The scripts under test are bash, run as on the Debian machines.
[assembly: UnsupportedOSPlatform("windows")]
