using FluentValidation.TestHelper;
using SurveyNetwork.Domain.Survey;
using SurveyNetwork.Domain.Validation;

namespace SurveyNetwork.Functions.Tests.Validation;

public class SurveyAnswerValidatorTests
{
    private static readonly SurveyAnswerValidator Validator = new();

    private static TestValidationResult<SurveyAnswer> Validate(SurveyAnswer answer, string respondent = "p2", CycleOptions? options = null) =>
        Validator.TestValidate(new SurveyContext(TestData.Cycle(options: options), TestData.Roster(), respondent).For(answer));

    private static SurveyAnswer Answer(params ContactAnswer[] contacts) => new() { Contacts = contacts };

    [Fact]
    public void A_complete_answer_with_roster_and_outside_contacts_is_valid() =>
        Validate(Answer(TestData.Contact("p1"), TestData.Contact("p3"), TestData.Outside())).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Naming_nobody_is_a_valid_answer() => Validate(Answer()).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Naming_yourself_is_refused_at_the_contact() =>
        Validate(Answer(TestData.Contact("p2"))).ShouldHaveValidationErrorFor("contacts[0].personId").WithErrorMessage("You cannot name yourself.");

    [Fact]
    public void Naming_someone_twice_is_refused_at_the_second_mention() =>
        Validate(Answer(TestData.Contact("p1"), TestData.Contact("p1"))).ShouldHaveValidationErrorFor("contacts[1].personId");

    [Fact]
    public void An_unknown_roster_id_is_refused() =>
        Validate(Answer(TestData.Contact("nobody"))).ShouldHaveValidationErrorFor("contacts[0].personId");

    [Fact]
    public void An_inactive_person_cannot_be_named() =>
        Validate(Answer(TestData.Contact("p5"))).ShouldHaveValidationErrorFor("contacts[0].personId")
            .WithErrorMessage("'p5' is no longer active on the roster.");

    [Fact]
    public void More_contacts_than_the_cycle_allows_are_refused() =>
        Validate(Answer(TestData.Contact("p1"), TestData.Contact("p3"), TestData.Contact("p4")), options: new CycleOptions { MaxContacts = 2 })
            .ShouldHaveValidationErrorFor("contacts");

    [Fact]
    public void A_missing_frequency_is_refused() =>
        Validate(Answer(TestData.Contact() with { Frequency = 0 })).ShouldHaveValidationErrorFor("contacts[0].frequency");

    [Fact]
    public void Give_back_and_personal_are_required_when_the_cycle_asks_them()
    {
        var result = Validate(Answer(TestData.Contact() with { GiveBack = null, Personal = null }));
        result.ShouldHaveValidationErrorFor("contacts[0].giveBack");
        result.ShouldHaveValidationErrorFor("contacts[0].personal");
    }

    [Fact]
    public void Give_back_may_be_omitted_when_the_cycle_does_not_ask_it() =>
        Validate(Answer(TestData.Contact() with { GiveBack = null }), options: new CycleOptions { AskGiveBack = false })
            .ShouldNotHaveAnyValidationErrors();

    [Fact]
    public void Energy_outside_one_to_five_is_refused() =>
        Validate(Answer(TestData.Contact() with { Energy = 6 }), options: new CycleOptions { AskEnergy = true })
            .ShouldHaveValidationErrorFor("contacts[0].energy");

    [Fact]
    public void Energy_is_refused_when_the_cycle_does_not_ask_it() =>
        Validate(Answer(TestData.Contact() with { Energy = 3 })).ShouldHaveValidationErrorFor("contacts[0].energy");

    [Fact]
    public void A_contact_cannot_be_both_a_roster_person_and_outside() =>
        Validate(Answer(TestData.Contact("p1") with { OutsideKind = OutsideKind.Customer })).ShouldHaveValidationErrorFor("contacts[0]");

    [Fact]
    public void An_outside_label_longer_than_the_limit_is_refused() =>
        Validate(Answer(TestData.Outside(label: new string('x', 81)))).ShouldHaveValidationErrorFor("contacts[0].outsideLabel");

    [Fact]
    public void Outside_contacts_are_refused_when_the_cycle_does_not_allow_them() =>
        Validate(Answer(TestData.Outside()), options: new CycleOptions { AllowOutsideContacts = false })
            .ShouldHaveValidationErrorFor("contacts[0].outsideKind");

    [Fact]
    public void A_benefit_chosen_twice_is_refused() =>
        Validate(Answer(TestData.Contact() with { Benefits = [Benefit.Solutions, Benefit.Solutions] }))
            .ShouldHaveValidationErrorFor("contacts[0].benefits");

    [Fact]
    public void Text_is_normalized_to_composed_unicode() =>
        Assert.Equal("Chlo\u00e9 Martin", Text.Normalize("Chloe\u0301 Martin"));

    [Fact]
    public void Normalizing_folds_white_space_and_removes_control_characters_in_labels()
    {
        var stored = SurveyAnswerValidator.Normalize(Answer(TestData.Outside(label: "  Key\u0007  customer\t\n ")));
        Assert.Equal("Key customer", stored[0].OutsideLabel);
    }
}
