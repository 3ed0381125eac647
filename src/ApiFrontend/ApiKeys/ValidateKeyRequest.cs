namespace VetrAI.ApiFrontend.ApiKeys;

/// <summary>The body of <c>POST /api/v1/keys/validate</c>; the key may come in <c>X-API-Key</c> instead.</summary>
internal sealed record ValidateKeyRequest(string? Key, string? Scope, int? Cost);
