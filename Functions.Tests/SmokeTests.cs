namespace SurveyNetwork.Functions.Tests;

public class SmokeTests
{
    [Fact]
    public void Health_answers_ok()
    {
        var result = new Http.Health().Run(new Microsoft.AspNetCore.Http.DefaultHttpContext().Request);
        Assert.IsType<Microsoft.AspNetCore.Mvc.OkObjectResult>(result);
    }
}
