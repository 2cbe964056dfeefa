package com.example.company;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class CompanyIamStackTest {
    private static Template template;

    @BeforeAll
    static void synthesize() {
        App app = new App();
        template = Template.fromStack(new CompanyIamStack(app, "CompanyIam", StackProps.builder().build()));
    }

    @Test
    void definesTheTwoGroupsWithTheirMfaPolicies() {
        template.resourceCountIs("AWS::IAM::Group", 2);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 3);
        template.hasResourceProperties("AWS::IAM::Group", Map.of("GroupName", "developers",
                "ManagedPolicyArns", Match.arrayWith(List.of(Match.objectLike(Map.of("Fn::Join", Match.arrayWith(
                        List.of(Match.arrayWith(List.of(":iam::aws:policy/PowerUserAccess"))))))))));
        template.hasResourceProperties("AWS::IAM::Group", Map.of("GroupName", "auditors",
                "ManagedPolicyArns", Match.arrayWith(List.of(Match.objectLike(Map.of("Fn::Join", Match.arrayWith(
                        List.of(Match.arrayWith(List.of(":iam::aws:policy/SecurityAudit"))))))))));
    }

    @Test
    void addsTheExistingUsersAndTheNewUser() {
        template.hasResourceProperties("AWS::IAM::UserToGroupAddition", Map.of("Users", List.of("alice")));
        template.hasResourceProperties("AWS::IAM::UserToGroupAddition", Map.of("Users", List.of("bob")));
        template.hasResourceProperties("AWS::IAM::User", Map.of("UserName", "carol",
                "Groups", List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("^Developers"))))));
    }

    @Test
    void enforcesMfaOnTheGroupItDoesNotOwn() {
        template.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("ManagedPolicyName", "operators-mfa",
                "Groups", List.of("operators")));
    }

    @Test
    void auditorsAreAskedForMfaOnlyInTheConsole() {
        Map<String, Map<String, Object>> policies = template.findResources("AWS::IAM::ManagedPolicy",
                Map.of("Properties", Map.of("ManagedPolicyName", "auditors-mfa")));
        assertEquals(1, policies.size(), "one MFA policy named auditors-mfa");
        String document = policies.values().iterator().next().get("Properties").toString();
        assertEquals(true, document.contains("{Bool={aws:MultiFactorAuthPresent=false}}"),
                "console-only mode denies with Bool: " + document);
    }
}
