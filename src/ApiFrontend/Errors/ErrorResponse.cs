namespace VetrAI.ApiFrontend.Errors;

/// <summary>The body of every error answer: <c>{"detail": "...", "status_code": 400, "timestamp": "..."}</c>.</summary>
public sealed record ErrorResponse(string Detail, int StatusCode, DateTimeOffset Timestamp);
