package io.github.cdkmfa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PolicySizeTest {

    @Test
    void countsCharactersOtherThanWhiteSpaceWithPseudoParametersAtTheirLongest() {
        Map<String, Object> resolved = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow",
                "Action", "s3:Get Object",
                "Resource", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::", Map.of("Ref", "AWS::AccountId"), ":user/x"))))));
        String expected = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws-us-gov:iam::123456789012:user/x\"}]}";
        assertThat(PolicySize.characters(resolved)).isEqualTo(expected.length());
    }

    @Test
    void countsJoinDelimitersAndLeavesUnknownIntrinsicsOut() {
        Map<String, Object> resolved = Map.of("A", Map.of("Fn::Join", List.of("--", List.of("x", "y", "z"))),
                "B", Map.of("Ref", "SomeParameter"), "C", Map.of("Fn::GetAtt", List.of("R", "Arn")));
        String expected = "{\"A\":\"x--y--z\",\"B\":\"\",\"C\":\"\"}";
        assertThat(PolicySize.characters(resolved)).isEqualTo(expected.length());
    }
}
