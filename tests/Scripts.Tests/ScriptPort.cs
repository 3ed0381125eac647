namespace VetrAI.Scripts.Tests;

/// <summary>A port a script listens on: what for, the setting that moves it, and for a silo's port which
/// silo (1 and up; 0 for the others).</summary>
internal sealed record ScriptPort(string Name, string Setting, int Port, int Silo = 0);
