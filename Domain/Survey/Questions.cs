namespace SurveyNetwork.Domain.Survey;

/// <summary>
/// The wording of the default question set: an information-network name generator and, per contact,
/// the tie qualities of Cross, Davenport &amp; Cantrell (2003) "The social side of performance", with
/// the benefits of Cross &amp; Sproull (2004) "More than an answer".
/// </summary>
public static class Questions
{
    public const string InformationNetwork = "Who do you go to for information or advice to get your work done?";
    public const string Frequency = "How often do you go to this person?";
    public const string Benefits = "What do you get from this person?";
    public const string Personal = "Is this relationship personal as well as professional?";
    public const string GiveBack = "How often does this person come to you for help?";
    public const string Energy = "How do you feel after an interaction with this person?";
    public const string OutsideKind = "What kind of outside contact is this?";
    public const string OutsideLabel = "A short label (no real name needed)";
}
