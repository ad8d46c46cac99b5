namespace SurveyNetwork.Functions.Hosting;

/// <summary>
/// Marks an HTTP function as an admin route. Its trigger stays anonymous for the Functions host
/// (which would otherwise demand one of its own keys and turn away a user signed in with Entra ID);
/// <see cref="AdminAccessMiddleware"/> and LocalHost check every call with <see cref="AdminAccess"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class AdminOnlyAttribute : Attribute;
