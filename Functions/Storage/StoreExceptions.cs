namespace SurveyNetwork.Functions.Storage;

/// <summary>The item already exists.</summary>
public sealed class StoreConflictException(string message) : Exception(message);

/// <summary>The item changed since it was read (ETag mismatch).</summary>
public sealed class StoreConcurrencyException(string message) : Exception(message);

/// <summary>The backing store cannot be reached now; the request may be retried.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
